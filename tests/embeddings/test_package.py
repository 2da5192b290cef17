"""The package stands alone: it works on ids and texts and knows nothing of the web application."""
import subprocess
import sys
from pathlib import Path

import embeddings

MODULES = ["bm25", "calibration", "caveats", "compact_bm25", "encoder", "evaluate", "explain", "facts", "fusion", "lexicon",
           "metrics", "overlap", "ranker", "rules", "stopwords", "text", "tokenize", "vector_index"]


def test_the_import_check_lists_every_module_of_the_package():
    assert sorted(p.stem for p in Path(embeddings.__file__).parent.glob("*.py") if p.stem != "__init__") == MODULES


def test_importing_the_package_loads_neither_flask_models_nor_matchmaker():
    # A fresh interpreter: this one already holds the application through tests/conftest.py.
    script = (f"import sys\nfor m in {MODULES!r}: __import__('embeddings.' + m)\n"
              "print(sorted({n.split('.')[0] for n in sys.modules} & {'flask', 'models', 'matchmaker', 'sqlalchemy'}))")
    root = Path(embeddings.__file__).parent.parent
    result = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
