FROM php:8.2-fpm-alpine3.19 AS builder

RUN apk add --no-cache icu-dev libzip-dev \
    && docker-php-ext-install intl zip opcache

# slimstage: the final stage holds only what the app needs at run time
FROM php:8.2-fpm-alpine3.19

# slimstage: runtime packages of line 3 (build-only icu-dev and libzip-dev stay in the builder)
RUN apk add --no-cache icu-libs libzip

# slimstage: the PHP extensions built in the builder; the whole directory, because the no-debug-non-zts-<API> directory below it (`php-config --extension-dir`) is named after the PHP API version, which only the image knows
COPY --from=builder /usr/local/lib/php/extensions/ /usr/local/lib/php/extensions/

# slimstage: the ini files that load them (docker-php-ext-install and docker-php-ext-enable write conf.d/docker-php-ext-*.ini)
COPY --from=builder /usr/local/etc/php/conf.d/ /usr/local/etc/php/conf.d/

WORKDIR /var/www/html
COPY public/ ./

CMD ["php-fpm"]
