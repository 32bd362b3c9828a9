FROM php:8.2-fpm AS builder

RUN apt-get update \
    && apt-get install -y --no-install-recommends git unzip \
    && rm -rf /var/lib/apt/lists/*

# phpredis from PECL
RUN pecl install redis-6.0.2 \
    && docker-php-ext-enable redis \
    && rm -rf /tmp/pear

COPY --from=composer:2 /usr/bin/composer /usr/bin/composer

WORKDIR /var/www/app

# dependencies first, for the layer cache
COPY composer.json composer.lock ./
RUN composer install --no-interaction --no-scripts --no-autoloader --prefer-dist

COPY . .
RUN composer dump-autoload --optimize

# slimstage: drop Composer's dev dependencies (require-dev) before the app is copied into the final stage
RUN composer install --no-dev --no-interaction --optimize-autoloader

# slimstage: the final stage holds only what the app needs at run time
FROM php:8.2-fpm

# slimstage: runtime packages of line 3 (build-only git stays in the builder)
RUN apt-get update \
    && apt-get install -y --no-install-recommends unzip \
    && rm -rf /var/lib/apt/lists/*

# slimstage: the PHP extensions built in the builder; the whole directory, because the no-debug-non-zts-<API> directory below it (`php-config --extension-dir`) is named after the PHP API version, which only the image knows
COPY --from=builder /usr/local/lib/php/extensions/ /usr/local/lib/php/extensions/

# slimstage: the ini files that load them (docker-php-ext-install and docker-php-ext-enable write conf.d/docker-php-ext-*.ini)
COPY --from=builder /usr/local/etc/php/conf.d/ /usr/local/etc/php/conf.d/

WORKDIR /var/www/app

# slimstage: the app with vendor/ (Composer's dependencies and autoloader) and what Composer's scripts wrote
COPY --from=builder /var/www/app /var/www/app

CMD ["php-fpm"]
