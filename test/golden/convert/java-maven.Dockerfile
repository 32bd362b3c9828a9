FROM maven:3.9-eclipse-temurin-17 AS builder

WORKDIR /usr/src/app

# Resolve dependencies and plugins first so they are cached between source changes
COPY pom.xml .
RUN mvn -B -q dependency:go-offline

COPY src ./src
RUN mvn -B -q package -DskipTests

# slimstage: the final stage holds only what the app needs at run time
FROM eclipse-temurin:17-jre

WORKDIR /usr/src/app

COPY pom.xml .

COPY src ./src

# slimstage: the jar
COPY --from=builder /usr/src/app/target/inventory.jar /usr/src/app/target/inventory.jar

CMD ["java", "-jar", "target/inventory.jar"]
