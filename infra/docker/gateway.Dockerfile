# A gateway node: the proxy (8000, 8443 TLS, 9080 h2c) and the status port (8100). An Orleans client of the silos,
# found through PostgreSQL membership; it serves from its cached config while they are away.
# Build from the repository root: docker build -f infra/docker/gateway.Dockerfile -t tollgate/gateway:TAG .
FROM mcr.microsoft.com/dotnet/sdk:10.0.401 AS build
WORKDIR /src
COPY . .
RUN ./infra/publish.sh gateway /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0.12
WORKDIR /app
COPY --from=build /app .
# Config cache and usage spool; a volume in compose, an emptyDir in Kubernetes.
RUN mkdir -p /var/lib/tollgate && chown $APP_UID /var/lib/tollgate
ENV TOLLGATE_DataDir=/var/lib/tollgate \
    DOTNET_gcServer=1
USER $APP_UID
EXPOSE 8000 8443 9080 8100
HEALTHCHECK --interval=10s --timeout=5s --start-period=40s --retries=3 CMD ["dotnet", "Tollgate.Gateway.Node.dll", "health"]
ENTRYPOINT ["dotnet", "Tollgate.Gateway.Node.dll"]
