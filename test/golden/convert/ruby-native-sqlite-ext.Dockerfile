FROM ruby:3.1 AS builder

WORKDIR /app
COPY gems/ ./gems/
RUN cd gems/litequery \
    && gem build litequery.gemspec \
    && gem install --local --no-document litequery-0.1.0.gem

COPY Gemfile Gemfile.lock ./
COPY vendor/ ./vendor/
RUN bundle install --local --jobs 2 --without development test

# slimstage: the final stage holds only what the app needs at run time
FROM ruby:3.1-slim

# slimstage: run-time packages the original base image provided
RUN apt-get update \
    && apt-get install -y --no-install-recommends libsqlite3-0 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY gems/ ./gems/

COPY Gemfile Gemfile.lock ./
COPY vendor/ ./vendor/

# slimstage: the installed gems, their executables and bundler's settings (GEM_HOME and BUNDLE_APP_CONFIG)
COPY --from=builder /usr/local/bundle /usr/local/bundle

COPY report.rb ./
RUN useradd --create-home --uid 1000 reporter
USER reporter

ENTRYPOINT ["bundle", "exec", "ruby", "report.rb"]
