// Everything of the autograd layer in one include.
#pragma once

#include "autograd/creation.h"
#include "autograd/device.h"
#include "autograd/dtype.h"
#include "autograd/generator.h"
#include "autograd/gradcheck.h"
#include "autograd/graph.h"
#include "autograd/ops/elementwise.h"
#include "autograd/ops/fused.h"
#include "autograd/ops/indexing.h"
#include "autograd/ops/linalg.h"
#include "autograd/ops/reduce.h"
#include "autograd/ops/selection.h"
#include "autograd/ops/shape_ops.h"
#include "autograd/ops/updates.h"
#include "autograd/shape.h"
#include "autograd/tensor.h"
