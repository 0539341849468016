# TransferLab CPU worker: joins the orchestrator's cluster and trains in N CPU slots, one OpenMP
# thread each (OMP_NUM_THREADS must match: cores / slots). Artifacts come over HTTP from the
# orchestrator (no shared volume); only a local cache is kept.
#   docker build -f docker/worker.Dockerfile -t transferlab-worker .
#   docker run -e TLAB_TOKEN=... -e TLAB_CLUSTER_HOST=<this host's address> -p 25521:25521 \
#     transferlab-worker --join ORCHESTRATOR:25520 --port 25521 --slots 2
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
ENV TLAB_CLUSTER_BIND_HOST=0.0.0.0 \
    TLAB_CACHE_DIR=/cache \
    TLAB_DATASET_ROOT=/datasets \
    TLAB_WORKER_DEVICE=cpu \
    OMP_NUM_THREADS=1
VOLUME /cache
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=25", "--enable-native-access=ALL-UNNAMED", "-Dtlab.home=/opt/tlab", "-jar", "/opt/tlab/tlab.jar", "worker"]
CMD ["--join", "orchestrator:25520", "--port", "25521"]
