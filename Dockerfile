# The billing server image. Built from the repository root: docker build -t billing-server .
# Set-up is the same script newcomers and CI run, so the image cannot drift from what the tests exercise.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN ./scripts/setup && dotnet publish src/Billing.Cli -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends libsecp256k1-1 curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
COPY --from=build /src/contracts /contracts
RUN useradd --system --uid 10001 billing && mkdir -p /data && chown billing /data
USER billing
EXPOSE 8080 11111 30000
ENTRYPOINT ["dotnet", "Billing.Cli.dll"]
CMD ["serve"]
