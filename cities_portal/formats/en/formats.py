# English dates as the United Nations write them: 19 December 2022, not Dec. 19, 2022.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
