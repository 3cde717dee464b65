FROM python:3.12-slim AS build
WORKDIR /src
COPY requirements.txt .
RUN pip install --no-cache-dir --prefix=/install -r requirements.txt

# ok: vigil.iac.dockerfile.root-user
FROM python:3.12-slim
RUN groupadd --system app && useradd --system --gid app --no-create-home app
COPY --from=build /install /usr/local
COPY app/ /app
WORKDIR /app
# ok: vigil.iac.dockerfile.root-user
USER app:app
EXPOSE 8000
CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:create_app()"]
