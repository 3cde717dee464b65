# A Flask service: the final stage never drops root.
FROM python:3.12-slim AS build
WORKDIR /src
COPY requirements.txt .
RUN pip install --no-cache-dir --prefix=/install -r requirements.txt

# ruleid: vigil.iac.dockerfile.root-user
FROM python:3.12-slim
COPY --from=build /install /usr/local
COPY app/ /app
WORKDIR /app
EXPOSE 8000
CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:create_app()"]
