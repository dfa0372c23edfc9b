#!/usr/bin/env bash
# Publishes one process role of Tollgate into a folder. Every Dockerfile runs this, and so do the deployment tests:
# what CI starts and checks is what the images hold.
#   infra/publish.sh ROLE OUTPUT      ROLE: silo | gateway | portal | all-in-one
set -euo pipefail
cd "$(dirname "$0")/.."
role=${1:?usage: infra/publish.sh silo|gateway|portal|all-in-one OUTPUT}
out=${2:?usage: infra/publish.sh ROLE OUTPUT}
case "$role" in
  silo|portal|all-in-one) project=platform/Tollgate.Server/Tollgate.Server.csproj ;;
  gateway) project=gateway-nodes/Tollgate.Gateway.Node/Tollgate.Gateway.Node.csproj ;;
  *) echo "unknown role '$role': silo, gateway, portal or all-in-one" >&2; exit 2 ;;
esac
dotnet publish "$project" -c Release -o "$out" -nologo -v quiet -p:UseAppHost=false
