# Frontier — the two commands a newcomer needs are `make analyze` and `make test`.
.PHONY: analyze test build bench-plan crds

analyze:
	dotnet run --project src/Frontier.Cli -- analyze

build:
	dotnet build Operator.sln -c Release

test:
	bash tests/scripts/test.sh

bench-plan:
	bash tests/scripts/bench-plan.sh

crds:
	dotnet run --project src/Frontier.Cli -- crds --output crds
