# The console and developer portals (8002) and the status port (8100): an Orleans client of the silos.
# Build from the repository root: docker build -f infra/docker/portal.Dockerfile -t tollgate/portal:TAG .
FROM mcr.microsoft.com/dotnet/sdk:10.0.401 AS build
WORKDIR /src
COPY . .
RUN ./infra/publish.sh portal /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0.12
WORKDIR /app
COPY --from=build /app .
# Config cache, usage spool and outbox; a volume in compose, an emptyDir in Kubernetes.
RUN mkdir -p /var/lib/tollgate && chown $APP_UID /var/lib/tollgate
ENV TOLLGATE_Roles=portal \
    TOLLGATE_Storage=Postgres \
    TOLLGATE_DataDir=/var/lib/tollgate \
    DOTNET_gcServer=1
USER $APP_UID
EXPOSE 8002 8100
HEALTHCHECK --interval=10s --timeout=5s --start-period=40s --retries=3 CMD ["dotnet", "Tollgate.Server.dll", "health"]
ENTRYPOINT ["dotnet", "Tollgate.Server.dll"]
