"""The fan-out: delivery rows, the delivery loop, the WeChat sender and the rate limiter."""
