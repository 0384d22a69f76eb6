"""The training figures, registered in the figure catalogue (`coso.reports.catalogue`): the classes
held and the students sent (`class_figures`), the qualification shares of cadres as of a date
(`qualification_figures`)."""

from coso.training import class_figures, qualification_figures  # noqa: F401
