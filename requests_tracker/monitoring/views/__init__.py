"""The staff pages of the dataset, its dashboard, the monthly report page and the open data."""
