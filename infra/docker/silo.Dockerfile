# The control-plane silo: Orleans grains, the Admin API (8001) and the status port (8100); joins the cluster through PostgreSQL.
# Build from the repository root: docker build -f infra/docker/silo.Dockerfile -t tollgate/silo:TAG .
FROM mcr.microsoft.com/dotnet/sdk:10.0.401 AS build
WORKDIR /src
COPY . .
RUN ./infra/publish.sh silo /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0.12
WORKDIR /app
COPY --from=build /app .
# Config cache, usage spool and outbox; a volume in compose, an emptyDir in Kubernetes.
RUN mkdir -p /var/lib/tollgate && chown $APP_UID /var/lib/tollgate
ENV TOLLGATE_Roles=silo,admin \
    TOLLGATE_Storage=Postgres \
    TOLLGATE_DataDir=/var/lib/tollgate \
    DOTNET_gcServer=1
USER $APP_UID
EXPOSE 8001 8100 11111 30000
HEALTHCHECK --interval=10s --timeout=5s --start-period=40s --retries=3 CMD ["dotnet", "Tollgate.Server.dll", "health"]
ENTRYPOINT ["dotnet", "Tollgate.Server.dll"]
