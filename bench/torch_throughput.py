"""PyTorch peer of TrainingThroughput.java: the same MLP 784-1000-10, LeNet (valid 5x5 convolutions) and
vgg preset (two blocks of two 3x3 same convolutions without bias, each with batch norm, 32 and 64
filters, 2x2 max pooling; dense 256), ReLU, Adam(1e-3), batch 100, random inputs cycling through ten
prebuilt minibatches.

usage: torch_throughput.py mlp|lenet|vgg WARMUP WINDOWS STEPS   (threads from OMP_NUM_THREADS)
"""
import os
import statistics
import sys
import time

import torch
from torch import nn

BATCH = 100


def network(model):
    if model == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 1000), nn.ReLU(), nn.Linear(1000, 10))
    if model == "lenet":
        return nn.Sequential(
            nn.Conv2d(1, 20, 5), nn.ReLU(), nn.MaxPool2d(2, 2),
            nn.Conv2d(20, 50, 5), nn.ReLU(), nn.MaxPool2d(2, 2),
            nn.Flatten(), nn.Linear(50 * 4 * 4, 500), nn.ReLU(), nn.Linear(500, 10))
    if model == "vgg":
        layers, channels = [], 1
        for filters in (32, 64):
            for _ in range(2):
                layers += [nn.Conv2d(channels, filters, 3, padding=1, bias=False), nn.BatchNorm2d(filters), nn.ReLU()]
                channels = filters
            layers.append(nn.MaxPool2d(2, 2))
        return nn.Sequential(*layers, nn.Flatten(), nn.Linear(64 * 7 * 7, 256), nn.ReLU(), nn.Linear(256, 10))
    raise SystemExit(f"model must be mlp, lenet or vgg, was {model}")


def main():
    model, warmup, windows, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    threads = int(os.environ.get("OMP_NUM_THREADS", "1"))
    torch.set_num_threads(threads)
    torch.manual_seed(42)
    net = network(model)
    optimiser = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    batches = [(torch.rand(BATCH, 1, 28, 28), torch.randint(0, 10, (BATCH,))) for _ in range(10)]

    def step(i):
        x, y = batches[i % len(batches)]
        optimiser.zero_grad()
        loss_fn(net(x), y).backward()
        optimiser.step()

    for i in range(warmup):
        step(i)
    rates = []
    for w in range(windows):
        start = time.perf_counter()
        for i in range(steps):
            step(i)
        rates.append(steps * BATCH / (time.perf_counter() - start))
        print(f"window {w + 1}: {rates[-1]:.0f} samples/s")
    print(f"RESULT torch {model} threads={threads} median={statistics.median(rates):.0f} "
          f"min={min(rates):.0f} max={max(rates):.0f} samples/s")


if __name__ == "__main__":
    main()
