FROM python:3.11 AS builder

WORKDIR /opt/fastsum
COPY setup.py cli.py ./
COPY fastsum ./fastsum

RUN <<EOF
set -eux
python setup.py build_ext --inplace
mkdir -p /etc/fastsum
cat > /etc/fastsum/config.json <<'JSON'
{"label": "fastsum", "default_n": 1000}
JSON
rm -rf build
EOF

# slimstage: the final stage holds only what the app needs at run time
FROM python:3.11-slim

WORKDIR /opt/fastsum

# slimstage: /opt/fastsum as the build left it (lines 9, 14 changed it), with modes and owners
COPY --from=builder /opt/fastsum /opt/fastsum

# slimstage: /etc/fastsum as line 10 left it (mode and owner kept)
COPY --from=builder /etc/fastsum /etc/fastsum

ENTRYPOINT ["python", "cli.py"]
