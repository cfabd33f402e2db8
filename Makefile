.PHONY: run test build stop clean

# Start a local PostgreSQL (created once under .data/), migrate, and serve on 127.0.0.1:8080.
run:
	bash deploy/local/run.sh

# Run every test against a throwaway PostgreSQL cluster.
test:
	bash deploy/local/test.sh

# Stop the local PostgreSQL that `make run` started (its data stays in .data/).
stop:
	bash deploy/local/stop.sh

build:
	swift build

clean:
	rm -rf .build
