# The SupplyGraph server with its seed graph. Build context: the repository root.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/SupplyGraph.Server -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
COPY graph-seed /app/graph-seed
ENV SupplyGraph__DataDirectory=/data \
    SupplyGraph__SeedDirectory=/app/graph-seed
VOLUME /data
EXPOSE 5080
ENTRYPOINT ["dotnet", "SupplyGraph.Server.dll", "--urls", "http://0.0.0.0:5080"]
