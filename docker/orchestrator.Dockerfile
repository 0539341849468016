# TransferLab orchestrator: seed node, store, supervisor and API. Workers join its cluster port
# (25520); the API (7070) serves the dashboard, the CLI and the workers' artifact downloads.
#   docker build -f docker/orchestrator.Dockerfile -t transferlab-orchestrator .
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY pom.xml .
COPY protocol protocol
COPY client client
COPY experiments experiments
COPY workers workers
COPY orchestrator orchestrator
COPY dashboard dashboard
COPY lab lab
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:21-jre
WORKDIR /opt/tlab
COPY --from=build /src/lab/target/tlab.jar /opt/tlab/tlab.jar
COPY --from=build /src/lab/target/lib /opt/tlab/lib
COPY examples /opt/tlab/examples
# Inside a container: listen on every interface, and tell peers the name they reach us by
# (TLAB_CLUSTER_HOST, set per service in compose; it must not change across restarts).
ENV TLAB_DATA_DIR=/data \
    TLAB_HTTP_HOST=0.0.0.0 \
    TLAB_CLUSTER_BIND_HOST=0.0.0.0 \
    TLAB_CLUSTER_PORT=25520
VOLUME /data
EXPOSE 7070 25520
HEALTHCHECK --interval=15s --timeout=3s --retries=5 CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/7070 && printf 'GET /health HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q 200 <&3"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=25", "-Dtlab.home=/opt/tlab", "-jar", "/opt/tlab/tlab.jar"]
CMD ["orchestrator"]
