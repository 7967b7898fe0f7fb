enum LeakagePlaceholder {}
