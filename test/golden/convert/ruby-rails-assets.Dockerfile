FROM ruby:3.1 AS builder

ENV RAILS_ENV=production
WORKDIR /rails

COPY Gemfile Gemfile.lock ./
COPY vendor/cache/ ./vendor/cache/
RUN bundle config set --local deployment true \
    && bundle config set --local without "development test" \
    && bundle install --local

COPY . .
RUN bundle exec bin/rails assets:precompile

# slimstage: the final stage holds only what the app needs at run time
FROM ruby:3.1-slim

ENV RAILS_ENV=production
WORKDIR /rails

# slimstage: the installed gems, their executables and bundler's settings (GEM_HOME and BUNDLE_APP_CONFIG)
COPY --from=builder /usr/local/bundle /usr/local/bundle

# slimstage: the app with the gems in vendor/bundle and the precompiled assets (public/assets)
COPY --from=builder /rails /rails

EXPOSE 8096
CMD ["bundle", "exec", "bin/rails", "server"]
