"""botlint.paths: the repository root SARIF, annotations and fingerprints are relative to."""
import os

from botlint.paths import Roots, git_root, repo_relative, repo_root


def test_git_root_is_found_from_any_depth_and_a_git_file_counts(tmp_path):
    repo = tmp_path / "repo"
    (repo / "a" / "b").mkdir(parents=True)
    (repo / ".git").mkdir()
    sub = repo / "vendor" / "lib"
    sub.mkdir(parents=True)
    (sub / ".git").write_text("gitdir: ../../.git/modules/lib\n")  # a submodule or a worktree
    assert git_root(str(repo / "a" / "b" / "x.py")) == str(repo)
    assert git_root(str(sub / "y.py")) == str(sub)
    assert repo_root(str(tmp_path / "loose.py")) != str(repo)
    # a report over both: the superproject, which holds every file
    roots = Roots()
    assert roots.base_for([str(sub / "y.py"), str(sub / "z.py"), str(repo / "a" / "x.py")]) == str(repo)


def test_without_git_the_config_root_then_the_working_directory(tmp_path, monkeypatch):
    cfg = tmp_path / "proj"
    (cfg / "src").mkdir(parents=True)
    monkeypatch.chdir(cfg / "src")
    assert repo_root("bot.py", config_root=str(cfg)) == str(cfg)
    assert repo_root("bot.py") == str(cfg / "src")
    assert repo_relative("bot.py", str(cfg)) == "src/bot.py"
    assert repo_relative("../../elsewhere/x.py", str(cfg)) is None
    assert repo_relative(os.path.join("..", "src", "bot.py"), str(cfg)) == "src/bot.py"


def test_relative_file_answers_as_relative_for_every_spelling(tmp_path, monkeypatch):
    from botlint.paths import Roots

    (tmp_path / ".git").mkdir()
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    for rel in ("top.py", "pkg/a.py", "pkg/sub/b.py"):
        (tmp_path / rel).write_text("")
    monkeypatch.chdir(tmp_path / "pkg")
    spellings = ["a.py", "./a.py", "sub/b.py", "../top.py", str(tmp_path / "pkg/sub/b.py"), "../pkg/./sub/b.py"]
    roots = Roots()
    got = [roots.relative_file(s) for s in spellings]
    assert got == [Roots().relative(s) for s in spellings]
    assert got == ["pkg/a.py", "pkg/a.py", "pkg/sub/b.py", "top.py", "pkg/sub/b.py", "pkg/sub/b.py"]
