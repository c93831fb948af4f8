"""Figure extraction: find every quantity a report states, and describe it."""
