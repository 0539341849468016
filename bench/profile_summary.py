"""Summarises async-profiler collapsed stacks of a TrainingThroughput run, counting only samples taken
inside the network's fit (ComputationGraph.fit, or MultiLayerNetwork.fit for stacks recorded
before the networks became graphs; start-up, class loading and JIT compilation are left out):
  - by layer and pass: the innermost DL4J layer method on the stack (ConvolutionLayer.backpropGradient ...)
  - by leaf: the frame the CPU was in (native kernels by symbol; oneDNN's JIT-generated kernels
    have no symbol, so they show as their Java caller, Nd4jCpu.execCustomOp2)

usage: profile_summary.py FILE.collapsed [TOP]
"""
import collections
import re
import sys

FITS = ("ComputationGraph.fit", "MultiLayerNetwork.fit")
LAYER = re.compile(r"^org/deeplearning4j/nn/layers/(?:[\w]+/)*(\w+)\.(\w+)$")


def main():
    path, top = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20
    total = 0
    by_layer = collections.Counter()
    by_leaf = collections.Counter()
    with open(path) as f:
        for line in f:
            stack, _, count = line.rstrip().rpartition(" ")
            frames = stack.split(";")
            if not any(FIT in fr for fr in frames for FIT in FITS):
                continue
            n = int(count)
            total += n
            layer = "other (Java glue, workspaces, data)"
            for fr in reversed(frames):
                m = LAYER.match(fr)
                if m:
                    layer = f"{m.group(1)}.{m.group(2)}"
                    break
            else:
                if any("/updater/" in fr for fr in frames):
                    layer = "updater (Adam step)"
            by_layer[layer] += n
            by_leaf[frames[-1][:110]] += n
    if total == 0:
        sys.exit(f"{path}: no samples inside {' or '.join(FITS)}")
    print(f"samples inside fit: {total} (1 ms each)")
    print("| layer method | share |")
    print("|---|---|")
    for name, n in by_layer.most_common(top):
        print(f"| {name} | {100 * n / total:.1f} % |")
    print()
    print("| leaf frame | share |")
    print("|---|---|")
    for name, n in by_leaf.most_common(top):
        print(f"| `{name}` | {100 * n / total:.1f} % |")


if __name__ == "__main__":
    main()
