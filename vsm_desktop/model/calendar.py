"""The map's working calendar: how many hours make a day and how many days a week."""

from pydantic import BaseModel, ConfigDict, Field


class WorkCalendar(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    hours_per_day: float = Field(default=8.0, gt=0, le=24)
    days_per_week: float = Field(default=5.0, gt=0, le=7)

    @property
    def hours_per_week(self) -> float:
        return self.hours_per_day * self.days_per_week
