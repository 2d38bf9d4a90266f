from taxonomy.labels import split_alt_labels


def test_newline_separated_alt_labels():
    assert split_alt_labels("kok\nsous-chef\r\nrôtisseur\n") == ["kok", "sous-chef", "rôtisseur"]


def test_pipe_separated_alt_labels():
    cell = "biomedisch technologe | klinisch fysicus | ingenieur gezondheidstechniek"
    assert split_alt_labels(cell) == [
        "biomedisch technologe",
        "klinisch fysicus",
        "ingenieur gezondheidstechniek",
    ]


def test_empty_cells_and_labels_with_slashes_or_hyphens_stay_whole():
    assert split_alt_labels("") == []
    assert split_alt_labels("  \n ") == []
    assert split_alt_labels("chauffeur/verhuizer\nchauffeur-verhuizer") == [
        "chauffeur/verhuizer",
        "chauffeur-verhuizer",
    ]
