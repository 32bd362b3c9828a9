# Use an official Python runtime as the base image
FROM python:3.9-slim AS builder

# Set the working directory in the container
WORKDIR /app

# install required packages for system
RUN apt-get update \
    && apt-get upgrade -y \
    && apt-get install -y gcc default-libmysqlclient-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*

# Copy the requirements file into the container
COPY requirements.txt .

# slimstage: install the Python packages into a virtualenv, which the final stage copies whole
RUN python -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"

# Install app dependencies
RUN pip install mysqlclient
RUN pip install --no-cache-dir -r requirements.txt

# slimstage: the final stage holds only what the app needs at run time
FROM python:3.9-slim

WORKDIR /app

# install required packages for system
# slimstage: runtime packages of line 8 (build-only gcc, default-libmysqlclient-dev and pkg-config stay in the builder)
RUN apt-get update \
    && apt-get upgrade -y \
    && apt-get install -y --no-install-recommends libmariadb3 \
    && rm -rf /var/lib/apt/lists/*

COPY requirements.txt .

# slimstage: the virtualenv with the installed packages and their console scripts
COPY --from=builder /opt/venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"

# Copy the rest of the application code
COPY . .

# Specify the command to run your application
CMD ["python", "app.py"]
