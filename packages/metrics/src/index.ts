/** Prometheus metrics shared by every service (prom-client). */
export {};
