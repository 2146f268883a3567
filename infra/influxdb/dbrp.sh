#!/bin/sh
# Run once by the influxdb:2.x image after its setup (docker-entrypoint-initdb.d): maps the bucket to the
# InfluxQL database "qingzhou", so Grafana's InfluxQL panels (infra/grafana) read InfluxDB 2.x as they read 1.x.
set -e
bucket_id=$(influx bucket list --name "${DOCKER_INFLUXDB_INIT_BUCKET}" --hide-headers | cut -f1)
influx v1 dbrp create --db qingzhou --rp autogen --bucket-id "$bucket_id" --default
