# TransferLab CUDA worker: the `cuda` build (nd4j-cuda-11.6), one slot per visible GPU, each slot's
# training thread bound to its device. The CUDA 11.6 runtime and cuDNN 8 come from the base image;
# the host needs the NVIDIA driver and container toolkit (compose.gpu.yaml reserves the devices).
#   docker build -f docker/worker-cuda.Dockerfile -t transferlab-worker-cuda .
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
RUN mvn -B -q -Pcuda -DskipTests package

FROM eclipse-temurin:21-jre AS jre

FROM nvidia/cuda:11.6.2-cudnn8-runtime-ubuntu20.04
ENV JAVA_HOME=/opt/java/openjdk
ENV PATH="${JAVA_HOME}/bin:${PATH}"
COPY --from=jre /opt/java/openjdk /opt/java/openjdk
WORKDIR /opt/tlab
COPY --from=build /src/lab/target/tlab-cuda.jar /opt/tlab/tlab-cuda.jar
COPY --from=build /src/lab/target/lib-cuda /opt/tlab/lib-cuda
ENV TLAB_CLUSTER_BIND_HOST=0.0.0.0 \
    TLAB_CACHE_DIR=/cache \
    TLAB_DATASET_ROOT=/datasets \
    TLAB_WORKER_DEVICE=cuda
VOLUME /cache
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=25", "--enable-native-access=ALL-UNNAMED", "-Dtlab.home=/opt/tlab", "-jar", "/opt/tlab/tlab-cuda.jar", "worker"]
CMD ["--join", "orchestrator:25520", "--port", "25521"]
