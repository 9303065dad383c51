"""The map's working calendar: how many hours make a day and how many days a week."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# What a bare number typed into a duration field means ("3" is 3 h, or 3 d on a day-scale map).
DefaultUnit = Literal["hour", "day"]


class WorkCalendar(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    hours_per_day: float = Field(default=8.0, gt=0, le=24)
    days_per_week: float = Field(default=5.0, gt=0, le=7)
    default_unit: DefaultUnit = "hour"

    @property
    def hours_per_week(self) -> float:
        return self.hours_per_day * self.days_per_week
