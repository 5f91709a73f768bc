import GenesisDomain

/// The SQLite store is every seam the domain asks for.
extension Store: DisciplineRepository, CandleRepository, RiskRepository, PipelineProgress, SessionRepository, ReportRepository {}
