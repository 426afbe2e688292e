# One image recipe for every service module; docker-compose passes MODULE.
# Build the jars first (./mvnw -B -DskipTests package): the image only copies them.
FROM eclipse-temurin:17-jre
ARG MODULE
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY ${MODULE}/target/${MODULE}-*-SNAPSHOT.jar /app/service.jar
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xss512k -XX:MaxRAMPercentage=50"
ENTRYPOINT ["java", "-jar", "/app/service.jar"]
