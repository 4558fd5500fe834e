"""预约办理: the service catalogue, slots with capacity, bookings and home visits."""
