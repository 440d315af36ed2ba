# The two commands: `make generate` regenerates Generated/ from specs/, `make test` runs every test.
# Both install the system library the generator needs (libyaml) first if it is missing.

CONFIGS := $(wildcard specs/*.oasgen.yaml)

.PHONY: setup generate check test goldens release

setup:
	@Scripts/setup.sh

generate: setup
	swift run oasgen generate $(CONFIGS)

# Fails when Generated/ is not what the specs produce.
check: setup
	swift run oasgen generate --check $(CONFIGS)

test: setup
	swift test

# Re-record the golden files (Generated/ and Tests/Fixtures) after an intended change.
goldens: setup
	RECORD_GOLDENS=1 swift test --filter GoldenTests

# The release CLI to install or benchmark (see README, "The CLI"); prints its path.
release: setup
	@Scripts/build-release.sh
