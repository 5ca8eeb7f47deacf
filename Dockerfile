# The SupplyGraph server with its seed graph. Build context: the repository root. By default it builds on images
# anyone can pull (the .NET SDK to publish, the ASP.NET Core runtime to run). Where no registry can be reached (CI),
# build arguments swap both for a local image and take a server already published on the host, self-contained, from
# PUBLISHED (a folder in the context), so the base needs only libc and ICU: see scripts/local-images.sh.
# Written for the classic builder too (Debian's engine has no BuildKit): every stage is built, so none may need what
# the arguments leave out.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

FROM ${SDK_IMAGE} AS build
# The classic builder keeps this stage as an untagged image: the label lets scripts/local-images.sh prune it.
LABEL supplygraph.stage=build
ARG PUBLISHED=
WORKDIR /src
COPY . .
RUN if [ -n "$PUBLISHED" ]; then cp -a "$PUBLISHED" /app; else dotnet publish src/SupplyGraph.Server -c Release -o /app; fi

FROM ${RUNTIME_IMAGE}
WORKDIR /app
COPY --from=build /app .
COPY graph-seed /app/graph-seed
# DOTNET_ROOT: where the runtime image keeps .NET, for the app host of a framework-dependent publish (a self-contained
# one ignores it).
ENV DOTNET_ROOT=/usr/share/dotnet \
    SupplyGraph__DataDirectory=/data \
    SupplyGraph__SeedDirectory=/app/graph-seed
VOLUME /data
EXPOSE 5080
ENTRYPOINT ["/app/SupplyGraph.Server", "--urls", "http://0.0.0.0:5080"]
