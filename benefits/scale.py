"""benefits' parts of the scale data (core.scale), one module per part."""

from benefits import (
    scale_assist,  # noqa: F401  (帮扶援助与经费)
    scale_batches,  # noqa: F401  (优抚对象、标准与定期抚恤补助发放)
    scale_scholarships,  # noqa: F401  (烈士后裔助学金)
)
