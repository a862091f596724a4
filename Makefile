# OauthRouter build entry points. `make run` starts the router, `make test` runs every test.
SHELL := /bin/bash
CONFIG ?= config/oauthrouter.yaml

# A JDK 21+ is needed: JAVA_HOME when it is 21 or newer, else the newest JDK under /usr/lib/jvm.
JDK := $(shell bin/find-jdk)
ifeq ($(JDK),)
$(error No JDK 21 or newer found. Install one (e.g. Temurin 21+) under /usr/lib/jvm or set JAVA_HOME)
endif
export JAVA_HOME := $(JDK)
export PATH := $(JDK)/bin:$(PATH)
MVN := mvn -B -q

.PHONY: build run test clean bench bench-quick

build:
	$(MVN) -DskipTests package

run: build
	bin/oauthrouter serve --config $(CONFIG)

test:
	bin/test-setup
	mvn -B --no-transfer-progress verify

clean:
	$(MVN) clean

# Benchmarks against nginx and the Portkey gateway (see BENCHMARKS.md); installs what they need.
bench:
	bench/run.sh

bench-quick:
	bench/run.sh --quick
