FROM python:3.11 AS builder
RUN useradd --create-home appuser
USER appuser
WORKDIR /home/appuser/svc
ENV PATH=/home/appuser/.local/bin:$PATH
COPY --chown=appuser requirements.txt .
RUN pip install --user --no-cache-dir -r requirements.txt

# slimstage: the final stage holds only what the app needs at run time
FROM python:3.11-slim

RUN useradd --create-home appuser
USER appuser
WORKDIR /home/appuser/svc
ENV PATH=/home/appuser/.local/bin:$PATH
COPY --chown=appuser requirements.txt .

# slimstage: pip --user installs
COPY --from=builder --chown=appuser /home/appuser/.local /home/appuser/.local
COPY --chown=appuser . .
RUN python -c "import compileall,sys; sys.exit(not compileall.compile_dir('.', quiet=1))"
CMD ["gunicorn", "--check-config", "wsgi:app"]
