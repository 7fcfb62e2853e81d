"""Rule-free helpers shared by rules: name and value judgement, import aliases."""
