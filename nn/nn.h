// Everything of the nn layer in one include.
#pragma once

#include "nn/adamw.h"
#include "nn/checkpoint.h"
#include "nn/clip_grad.h"
#include "nn/containers.h"
#include "nn/layers.h"
#include "nn/loss.h"
#include "nn/module.h"
#include "nn/optimizer.h"
#include "nn/safetensors.h"
#include "nn/sampling.h"
#include "nn/schedule.h"
#include "nn/sgd.h"
#include "nn/trainer.h"
