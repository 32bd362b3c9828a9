FROM php:8.2-apache-bookworm AS builder

# gd with JPEG and FreeType, and PDO for PostgreSQL
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpng-dev libjpeg62-turbo-dev libfreetype-dev libpq-dev \
    && docker-php-ext-configure gd --with-freetype --with-jpeg \
    && docker-php-ext-install -j"$(nproc)" gd pdo_pgsql \
    && a2enmod rewrite \
    && rm -rf /var/lib/apt/lists/*

# slimstage: the final stage holds only what the app needs at run time
FROM php:8.2-apache-bookworm

# gd with JPEG and FreeType, and PDO for PostgreSQL
# slimstage: runtime packages of line 4 (build-only libpng-dev, libjpeg62-turbo-dev, libfreetype-dev and libpq-dev stay in the builder)
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpng16-16 libjpeg62-turbo libfreetype6 libpq5 \
    && rm -rf /var/lib/apt/lists/*

# slimstage: the PHP extensions built in the builder; the whole directory, because the no-debug-non-zts-<API> directory below it (`php-config --extension-dir`) is named after the PHP API version, which only the image knows
COPY --from=builder /usr/local/lib/php/extensions/ /usr/local/lib/php/extensions/

# slimstage: the ini files that load them (docker-php-ext-install and docker-php-ext-enable write conf.d/docker-php-ext-*.ini)
COPY --from=builder /usr/local/etc/php/conf.d/ /usr/local/etc/php/conf.d/

# slimstage: what line 8 puts in place
COPY --from=builder /etc/apache2/mods-enabled/ /etc/apache2/mods-enabled/

COPY public/ /var/www/html/

EXPOSE 80
