"""ipywidgets front ends, one module per topic with the topic's name: `course.widgets.<topic>` draws what
`course.topics.<topic>` computes. Thin: each control recomputes through the topic and redraws (see
base.Explorer); `base.dataset()` loads the course data when a widget is given no table."""
