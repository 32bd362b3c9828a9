FROM ruby:3.1 AS builder

ENV BUNDLE_WITHOUT=development:test
WORKDIR /usr/src/app

COPY Gemfile Gemfile.lock ./
COPY vendor/cache/ ./vendor/cache/
RUN bundle install --local

# slimstage: the final stage holds only what the app needs at run time
FROM ruby:3.1-slim

ENV BUNDLE_WITHOUT=development:test
WORKDIR /usr/src/app

COPY Gemfile Gemfile.lock ./
COPY vendor/cache/ ./vendor/cache/

# slimstage: the installed gems, their executables and bundler's settings (GEM_HOME and BUNDLE_APP_CONFIG)
COPY --from=builder /usr/local/bundle /usr/local/bundle

COPY app.rb ./

CMD ["bundle", "exec", "ruby", "app.rb"]
