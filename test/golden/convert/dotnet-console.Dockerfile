FROM mcr.microsoft.com/dotnet/sdk:8.0 AS builder

WORKDIR /src

# Restore as a distinct layer
COPY *.csproj ./
RUN dotnet restore

COPY . ./
RUN dotnet publish -c Release -o /app --no-restore

# slimstage: the final stage holds only what the app needs at run time
FROM mcr.microsoft.com/dotnet/aspnet:8.0

WORKDIR /src

COPY *.csproj ./

COPY . ./

# slimstage: the published app
COPY --from=builder /app /app

WORKDIR /app
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1
ENTRYPOINT ["dotnet", "Fizz.dll"]
