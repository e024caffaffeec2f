# Frontier — the two commands a newcomer needs are `make analyze` and `make test`.
.PHONY: analyze test build bench-plan bench-gateway bench-replay crds

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

# CRDs from src/Frontier.Api into crds/ and, byte for byte the same, into the Helm chart's crds/.
crds:
	dotnet run --project src/Frontier.Cli -- crds --output crds
	mkdir -p charts/frontier/crds
	rm -f charts/frontier/crds/*.yaml
	cp crds/*.yaml charts/frontier/crds/

bench-operator-memory:
	bash tests/scripts/bench-operator-memory.sh
