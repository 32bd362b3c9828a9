FROM php:8.2-cli-bookworm AS builder

RUN apt-get update \
    && apt-get install -y --no-install-recommends libicu-dev libzip-dev \
    && rm -rf /var/lib/apt/lists/*

RUN docker-php-ext-configure intl \
    && docker-php-ext-install intl zip

# slimstage: the final stage holds only what the app needs at run time
FROM php:8.2-cli-bookworm

# slimstage: runtime packages of line 3 (build-only libicu-dev and libzip-dev stay in the builder)
RUN apt-get update \
    && apt-get install -y --no-install-recommends libicu72 libzip4 \
    && rm -rf /var/lib/apt/lists/*

# slimstage: the PHP extensions built in the builder; the whole directory, because the no-debug-non-zts-<API> directory below it (`php-config --extension-dir`) is named after the PHP API version, which only the image knows
COPY --from=builder /usr/local/lib/php/extensions/ /usr/local/lib/php/extensions/

# slimstage: the ini files that load them (docker-php-ext-install and docker-php-ext-enable write conf.d/docker-php-ext-*.ini)
COPY --from=builder /usr/local/etc/php/conf.d/ /usr/local/etc/php/conf.d/

WORKDIR /app
COPY src/ ./src/

CMD ["php", "src/report.php"]
