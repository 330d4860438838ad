.PHONY: run test
run:  ## start Hozen (web + API) with demo data
	scripts/run
test: ## run the whole test suite
	scripts/test
