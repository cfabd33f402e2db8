.PHONY: run test build clean

# Start a local PostgreSQL (created once under .data/), migrate, and serve on 127.0.0.1:8080.
run:
	bash deploy/local/run.sh

# Run every test against a throwaway PostgreSQL cluster.
test:
	bash deploy/local/test.sh

build:
	swift build

clean:
	rm -rf .build
