# Frontier — the two commands a newcomer needs are `make analyze` and `make test`.
.PHONY: analyze test build bench-plan bench-gateway bench-loadgen bench-replay crds images test-images

analyze:
	dotnet run --project src/Frontier.Cli -- analyze

build:
	dotnet build Operator.sln -c Release

test:
	bash tests/scripts/test.sh

bench-plan:
	bash tests/scripts/bench-plan.sh

# frontier replay: the shipped hour, every policy, against a trivial pass over the trace; then ~1 M requests (time, RSS).
bench-replay:
	bash tests/scripts/bench-replay.sh

# wrk through nginx, bare YARP and the gateway (bounded, loopback), then the gateway's JSON work (BenchmarkDotNet).
bench-gateway:
	bash tests/scripts/bench-gateway.sh 15 32
	bash tests/scripts/bench-gateway.sh 15 1
	dotnet run -c Release --project tests/Frontier.Benchmarks -- --filter '*GatewayBodyBenchmarks*' --job short

# frontier bench's request rate against wrk's on the same near-zero-latency simulator, 64 in flight (bounded, loopback).
bench-loadgen:
	bash tests/scripts/bench-loadgen.sh 10 64 3

# CRDs from src/Frontier.Api into crds/ and, byte for byte the same, into the Helm chart's crds/.
crds:
	dotnet run --project src/Frontier.Cli -- crds --output crds
	mkdir -p charts/frontier/crds
	rm -f charts/frontier/crds/*.yaml
	cp crds/*.yaml charts/frontier/crds/

bench-operator-memory:
	bash tests/scripts/bench-operator-memory.sh

# Base, operator, gateway and simulator images without Docker (mmdebstrap, umoci, skopeo, a registry on 127.0.0.1), left
# in the registry storage under IMAGES_WORK; prints their references. Needs root.
IMAGES_WORK ?= $(HOME)/.cache/frontier/images/work
images:
	bash tests/images/images.sh build $(IMAGES_WORK)

# Builds them into a temporary registry, inspects every manifest and config and runs each image's layers, alone and as
# a pod of the node agent on a local cluster (minutes; not part of `make test`; proposed for a nightly CI job).
test-images:
	dotnet build tests/Frontier.NodeAgent/Frontier.NodeAgent.csproj -c Release --nologo -v quiet
	bash tests/images/images.sh check
