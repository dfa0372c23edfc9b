# The all-in-one node: silo, Admin API, proxy and portal in one process, on the embedded SQLite store in /var/lib/tollgate.
# Build from the repository root: docker build -f infra/docker/all-in-one.Dockerfile -t tollgate/all-in-one:TAG .
FROM mcr.microsoft.com/dotnet/sdk:10.0.401 AS build
WORKDIR /src
COPY . .
RUN ./infra/publish.sh all-in-one /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0.12
WORKDIR /app
COPY --from=build /app .
# Config cache, usage spool and outbox; a volume in compose, an emptyDir in Kubernetes.
RUN mkdir -p /var/lib/tollgate && chown $APP_UID /var/lib/tollgate
ENV TOLLGATE_Roles=all \
    TOLLGATE_Storage=Sqlite \
    TOLLGATE_DataDir=/var/lib/tollgate \
    DOTNET_gcServer=1
USER $APP_UID
EXPOSE 8000 8443 9080 8001 8002 8100
HEALTHCHECK --interval=10s --timeout=5s --start-period=40s --retries=3 CMD ["dotnet", "Tollgate.Server.dll", "health"]
ENTRYPOINT ["dotnet", "Tollgate.Server.dll"]
